"""The third clinical document (dev split): a renal ward's notes over three weeks,
rendered by clinical.py's `build_clinical`. Eight patients with the same kinds of facts
(allergy, admission and discharge bloods, responsible consultant, a procedure, a
follow-up appointment), two renal biopsies by different registrars, a nephrostomy and a
catheter exchange by the same radiologist, and drug levels and protein ratios before
and after treatment, so each planted fact has near misses nearby."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from clinical import (
    Finding,
    Patient,
    Ward,
    ask_allergy,
    ask_attending,
    ask_attending_of_allergic,
    ask_creatinine_fall,
    ask_operator,
    ask_potassium,
    ask_procedure_date,
    ask_stay,
    build_clinical,
    patient,
)
from docmodel import Built, Question

HALLOWMERE = Ward(
    hospital="Hallowmere Royal Infirmary",
    ward="Ward 4C",
    specialty="Renal Medicine",
    period="13 to 31 January 2025",
    city="Hallowmere",
    consultants=(
        ("Ingrid Halvorsen", "acute kidney injury and general nephrology"),
        ("Callum Ferrier", "haemodialysis and vascular access"),
        ("Rukmini Desai", "glomerular disease"),
        ("Emeka Nwachukwu", "renal transplantation and vasculitis"),
    ),
    registrars=("Sofia Petrakis", "Liam O'Driscoll", "Amara Quansah", "Benedikt Roth"),
    ward_manager="Sister Joanne Pellow",
    pharmacist="Tariq Mahmood",
    description="""
        Ward 4C is the renal ward of Hallowmere Royal Infirmary, the regional kidney
        centre for about 1.1 million people. It has 24 beds, four of them side rooms for
        patients who are immunosuppressed or need isolation, and opens onto the main
        haemodialysis unit. Patients come from the emergency department, the acute
        medical unit, the renal and transplant clinics and the four satellite dialysis
        units that the centre supports.

        Renal biopsies are done in the ward's procedure room, followed by six hours of
        bed rest. Dialysis catheters and nephrostomies are placed by the interventional
        radiologists, and fistulas are made by the vascular access surgeons on a weekly
        list. The kidney supportive care nurses see anyone choosing treatment without
        dialysis.
    """,
    patients=(
        Patient(
            key="calloway",
            title="Mrs",
            first="Winifred",
            surname="Calloway",
            age=74,
            sex="female",
            mrn="HRI-0419327",
            bed="4C-05",
            admitted=date(2025, 1, 13),
            discharged=date(2025, 1, 21),
            route="from the emergency department",
            destination="home to her husband",
            attending="Ingrid Halvorsen",
            clerked_by="Liam O'Driscoll",
            diagnosis="acute kidney injury stage 3 with an obstructed, infected left kidney",
            complaint="left loin pain, rigors and vomiting for two days",
            story=(
                "Mrs Calloway has had kidney stones since her fifties. Two days ago she "
                "developed colicky left loin pain, then shaking attacks and vomiting. She "
                "took ibuprofen from the village shop alongside her usual ramipril. Her "
                "husband brought her in when she became drowsy."
            ),
            history=(
                "Chronic kidney disease stage 3b, usual creatinine about 130 µmol/L",
                "Recurrent renal calculi, left ureteroscopy 2021",
                "Hypertension",
            ),
            home_meds=(
                "Ramipril 10 mg once daily",
                "Amlodipine 5 mg once daily",
                "Colecalciferol 800 units once daily",
            ),
            allergy=("nitrofurantoin", "breathlessness and a dry cough"),
            social=(
                "Retired florist, lives with her husband, independent. Never smoked. "
                "Drinks alcohol rarely."
            ),
            exam="Drowsy but rousable. Dry mucous membranes. Tender left renal angle. No oedema.",
            ecg="Sinus tachycardia at 114 per minute with tall, peaked T waves in V2 to V4.",
            imaging=(
                "Renal ultrasound: moderate left hydronephrosis with a 9 mm stone at the "
                "left pelviureteric junction; the right kidney is normal."
            ),
            potassium=("6.4", "4.6"),
            creatinine=("412", "168"),
            procedure=(
                "an ultrasound-guided left percutaneous nephrostomy",
                date(2025, 1, 14),
                "Keziah Brandt",
                "pus was aspirated from the left renal pelvis and the drain was left on "
                "free drainage",
            ),
            plan=(
                "Intravenous piperacillin with tazobactam",
                "Calcium gluconate and insulin-dextrose for the potassium",
                "Stop ramipril and ibuprofen; urgent radiology referral for decompression",
            ),
            course=(
                "The nephrostomy drained 600 ml of cloudy urine in six hours.",
                "Afebrile. Urine output above 80 ml an hour and creatinine falling.",
                "Blood and nephrostomy cultures grew Escherichia coli; changed to "
                "ceftriaxone on microbiology advice.",
                "Urology: ureteroscopy in about three weeks, nephrostomy to stay until then.",
            ),
            hospital_course=(
                "Mrs Calloway's infected, obstructed kidney was drained by nephrostomy, and "
                "her sepsis and kidney injury improved with antibiotics and fluids."
            ),
            medication_change=(
                "Ramipril was stopped until the renal clinic review, ibuprofen is not to be "
                "used again, and cefalexin 500 mg twice daily continues by mouth for five "
                "more days."
            ),
            follow_up=("renal clinic", date(2025, 2, 26), "Dr Halvorsen"),
            gp_actions=(
                "Repeat renal function and potassium one week after discharge.",
                "Do not restart ramipril before the renal clinic.",
            ),
            baseline=(112.0, 17.9, 238, 131),
        ),
        Patient(
            key="asante",
            title="Mr",
            first="Kofi",
            surname="Asante",
            age=52,
            sex="male",
            mrn="HRI-0388140",
            bed="4C-SR2",
            admitted=date(2025, 1, 14),
            discharged=date(2025, 1, 24),
            route="from the haemodialysis unit",
            destination="home to his family",
            attending="Callum Ferrier",
            clerked_by="Amara Quansah",
            diagnosis="tunnelled dialysis catheter-related bloodstream infection with "
            "hyperkalaemia",
            complaint="rigors during dialysis after a missed session",
            story=(
                "Mr Asante has dialysed through a right internal jugular tunnelled catheter "
                "since his fistula clotted in October. He missed his Saturday session, and "
                "on Tuesday he had shaking rigors ten minutes into dialysis. The catheter "
                "exit site has been red for a week."
            ),
            history=(
                "End-stage kidney disease from hypertensive nephropathy, on haemodialysis "
                "since 2021",
                "Thrombosed left brachiocephalic fistula, October 2024",
                "Secondary hyperparathyroidism",
            ),
            home_meds=(
                "Sevelamer 800 mg three times daily with meals",
                "Alfacalcidol 0.5 micrograms three times a week",
                "Doxazosin 4 mg once daily",
                "Cinacalcet 30 mg once daily",
            ),
            allergy=("vancomycin", "flushing and a widespread itchy rash"),
            social=(
                "Bus depot controller, lives with his wife and three children. Never "
                "smoked. No alcohol."
            ),
            exam=(
                "Shivering. Redness around the catheter exit site with a bead of pus. No "
                "new murmur."
            ),
            ecg="Sinus tachycardia at 104 per minute; tented T waves and a long PR interval.",
            imaging="Chest X-ray: catheter tip at the cavoatrial junction, clear lungs.",
            potassium=("6.9", "4.8"),
            creatinine=("884", "612"),
            procedure=(
                "a tunnelled dialysis catheter exchange",
                date(2025, 1, 18),
                "Keziah Brandt",
                "the infected right-sided catheter was removed and a new one placed through "
                "the left internal jugular vein",
            ),
            plan=(
                "Urgent haemodialysis against a low-potassium dialysate",
                "Blood cultures; daptomycin meanwhile, because of the vancomycin allergy",
                "Exchange the catheter once cultures are negative",
            ),
            course=(
                "Dialysed for three hours overnight. Temperature 38.9 °C at 02:00.",
                "Changed to cefazolin 2 g after each dialysis. Echocardiogram: no vegetations.",
                "Afebrile. Repeat cultures show no growth at 48 hours.",
                "New catheter used for dialysis the same afternoon.",
            ),
            hospital_course=(
                "Mr Asante's catheter infection was treated with antibiotics and a catheter "
                "exchange, and he completes four weeks of cefazolin at his satellite unit."
            ),
            medication_change=(
                "Cefazolin 2 g intravenously after each haemodialysis session continues "
                "until 17 February 2025, and doxazosin was reduced to 2 mg once daily "
                "because of low blood pressure on dialysis."
            ),
            follow_up=(
                "vascular access clinic",
                date(2025, 2, 11),
                "the vascular access surgeons",
            ),
            gp_actions=("Please record the vancomycin allergy on the practice record.",),
            findings=(
                Finding(
                    "culture",
                    "course",
                    "Mr Asante's blood cultures grew meticillin-sensitive Staphylococcus aureus.",
                ),
            ),
            vte="dialysed with heparin, no separate prophylaxis",
            baseline=(98.0, 15.6, 164, 136),
        ),
        Patient(
            key="marchbank",
            title="Ms",
            first="Delphine",
            surname="Marchbank",
            age=34,
            sex="female",
            mrn="HRI-0451802",
            bed="4C-17",
            admitted=date(2025, 1, 15),
            discharged=date(2025, 1, 20),
            route="from the renal assessment clinic",
            destination="home",
            attending="Rukmini Desai",
            clerked_by="Benedikt Roth",
            diagnosis="nephrotic syndrome due to membranous nephropathy",
            complaint="swelling of the legs and face for three weeks and frothy urine",
            story=(
                "Ms Marchbank's ankles began to swell three weeks ago; the swelling has "
                "spread to her thighs and her eyelids are puffy each morning. She has "
                "gained 7 kg. Her GP found heavy proteinuria on a dipstick."
            ),
            history=(
                "Gestational hypertension in her first pregnancy, 2021",
                "Eczema",
            ),
            home_meds=(
                "Desogestrel 75 micrograms once daily (progestogen-only pill)",
                "Emollient cream as needed",
            ),
            allergy=None,
            social="Paramedic, lives with her partner and their son. Never smoked.",
            exam="Swollen eyelids. Pitting oedema to the thighs. Dull at both lung bases.",
            ecg="Sinus rhythm, normal.",
            imaging=(
                "Renal ultrasound: kidneys of normal size (11.4 and 11.8 cm). Chest X-ray: "
                "small bilateral effusions."
            ),
            potassium=("4.2", "4.0"),
            creatinine=("96", "91"),
            procedure=(
                "a percutaneous renal biopsy",
                date(2025, 1, 16),
                "Amara Quansah",
                "two cores were taken from the lower pole of the left kidney without bleeding",
            ),
            plan=(
                "Renal biopsy tomorrow; hold heparin the evening before",
                "Anti-phospholipase A2 receptor antibody and serology",
                "Furosemide 80 mg by mouth twice daily",
            ),
            course=(
                "Bed rest after the procedure; urine clear, haemoglobin unchanged.",
                "Anti-phospholipase A2 receptor antibody strongly positive at 312 RU/mL.",
                "Biopsy: membranous nephropathy, PLA2R staining positive, no scarring.",
                "Weight 4.1 kg below admission. Agrees to immunosuppression as an outpatient.",
            ),
            hospital_course=(
                "Ms Marchbank's biopsy showed primary membranous nephropathy. Her oedema "
                "improved, and she will start rituximab as a day case."
            ),
            medication_change=(
                "Ramipril 2.5 mg once daily, atorvastatin 20 mg at night and apixaban "
                "2.5 mg twice daily were started, the apixaban while her albumin stays "
                "below 20 g/L, and furosemide was reduced to 40 mg twice daily."
            ),
            follow_up=("glomerular disease clinic", date(2025, 2, 3), "Dr Desai"),
            gp_actions=(
                "Check potassium and creatinine one week after starting ramipril.",
                "Avoid oestrogen-containing contraception while she is nephrotic.",
            ),
            findings=(
                Finding(
                    "pcr",
                    "investigations",
                    "Ms Marchbank's urine protein to creatinine ratio on admission was "
                    "842 mg/mmol, with a serum albumin of 17 g/L.",
                ),
                Finding(
                    "pcr_repeat",
                    "discharge",
                    "The urine protein to creatinine ratio had fallen to 615 mg/mmol on the "
                    "day before discharge.",
                ),
            ),
            vte="prophylactic enoxaparin prescribed, held the evening before the biopsy",
            baseline=(128.0, 6.8, 4, 139),
        ),
        Patient(
            key="pendlebury",
            title="Mr",
            first="Ivor",
            surname="Pendlebury",
            age=81,
            sex="male",
            mrn="HRI-0297655",
            bed="4C-08",
            admitted=date(2025, 1, 16),
            discharged=date(2025, 1, 27),
            route="via the acute medical unit",
            destination="home with carers twice a day",
            attending="Ingrid Halvorsen",
            clerked_by="Sofia Petrakis",
            diagnosis="acute kidney injury from bilateral obstructive uropathy due to "
            "benign prostatic enlargement",
            complaint="confusion, poor urine output and lower abdominal swelling",
            story=(
                "Mr Pendlebury's daughter found him muddled on Wednesday. For a month he "
                "has passed urine little and often, and for two days hardly at all. A "
                "bladder scan showed 1,640 ml of retained urine and a catheter was passed."
            ),
            history=(
                "Atrial fibrillation, rate-controlled",
                "Hypertension",
                "Mild cognitive impairment, 2023",
            ),
            home_meds=(
                "Warfarin, dose by INR (usually 3 mg daily)",
                "Bisoprolol 2.5 mg once daily",
                "Indapamide 2.5 mg once daily",
            ),
            allergy=("tramadol", "a generalised seizure"),
            social=(
                "Widower, lives alone in a bungalow; his daughter lives nearby. Ex-smoker, "
                "stopped 1988."
            ),
            exam=(
                "Disoriented to time. Catheter draining blood-stained urine. Prostate "
                "smoothly enlarged."
            ),
            ecg="Atrial fibrillation at 88 per minute with peaked T waves.",
            imaging="Renal ultrasound: bilateral hydronephrosis with thinned renal cortex.",
            potassium=("5.8", "4.5"),
            creatinine=("689", "201"),
            procedure=(
                "a flexible cystoscopy",
                date(2025, 1, 21),
                "Priyanka Solanki",
                "it showed a large trilobar prostate and a trabeculated bladder with no tumour",
            ),
            plan=(
                "Hourly urine output, replaced with intravenous fluid",
                "Stop indapamide; hold warfarin",
                "Tamsulosin 400 micrograms once daily and urology referral",
            ),
            course=(
                "Urine output up to 420 ml an hour overnight.",
                "Diuresis easing. Less confused this morning.",
                "Creatinine 402 µmol/L and falling. Warfarin restarted.",
                "Urology advise against a trial without catheter for now.",
                "Urology will list him for a transurethral resection once he is fit.",
                "Occupational therapy home visit done; carers arranged.",
            ),
            hospital_course=(
                "Mr Pendlebury's kidneys were obstructed by an enlarged prostate. After "
                "catheterisation he had a large diuresis, his confusion cleared and his "
                "kidney function improved, although not to normal."
            ),
            medication_change=(
                "Finasteride 5 mg once daily was started alongside tamsulosin 400 "
                "micrograms once daily, and indapamide was stopped."
            ),
            follow_up=("urology outpatient clinic", date(2025, 2, 19), "Dr Solanki"),
            gp_actions=(
                "Renal function and INR in one week.",
                "District nurse to change the catheter in twelve weeks.",
            ),
            findings=(
                Finding(
                    "diuresis",
                    "course",
                    "Mr Pendlebury passed 7.3 litres of urine in the first 24 hours after "
                    "catheterisation.",
                ),
            ),
            vte="already anticoagulated with warfarin, so no additional prophylaxis",
            baseline=(121.0, 9.4, 18, 131),
        ),
        Patient(
            key="qureshi",
            title="Mrs",
            first="Farida",
            surname="Qureshi",
            age=63,
            sex="female",
            mrn="HRI-0362914",
            bed="4C-SR1",
            admitted=date(2025, 1, 18),
            discharged=date(2025, 1, 25),
            route="from the transplant follow-up clinic",
            destination="home",
            attending="Rukmini Desai",
            clerked_by="Liam O'Driscoll",
            diagnosis="acute kidney injury of a kidney transplant from tacrolimus toxicity",
            complaint="tremor, headache and a rising creatinine at transplant clinic",
            story=(
                "Mrs Qureshi had a kidney transplant in 2019 for polycystic kidney "
                "disease. Ten days ago her GP prescribed clarithromycin for a chest "
                "infection. At clinic she had a tremor and headache, and her creatinine "
                "had more than doubled from her usual 120 µmol/L."
            ),
            history=(
                "Autosomal dominant polycystic kidney disease",
                "Deceased-donor kidney transplant, 2019",
                "Diabetes after transplantation",
            ),
            home_meds=(
                "Tacrolimus modified-release 4 mg once daily",
                "Mycophenolate mofetil 500 mg twice daily",
                "Prednisolone 5 mg once daily",
                "Clarithromycin 500 mg twice daily, started by the GP",
            ),
            allergy=("co-amoxiclav", "cholestatic jaundice"),
            social="Retired head teacher, lives with her husband. Never smoked.",
            exam="Fine tremor of the hands. Transplant kidney not tender. Chest clear.",
            ecg="Sinus rhythm with normal intervals.",
            imaging="Transplant ultrasound: no hydronephrosis or collection.",
            potassium=("5.7", "4.9"),
            creatinine=("287", "142"),
            procedure=(
                "a transplant kidney biopsy",
                date(2025, 1, 20),
                "Emeka Nwachukwu",
                "three cores were taken without complication",
            ),
            plan=(
                "Stop clarithromycin; withhold tacrolimus for 24 hours",
                "Daily tacrolimus trough levels",
                "Transplant biopsy if the creatinine has not improved in 48 hours",
            ),
            course=(
                "Tacrolimus withheld. Creatinine 301 µmol/L, not yet improving.",
                "Biopsy site dry. Tacrolimus restarted at 2 mg once daily.",
                "Histology: calcineurin inhibitor toxicity; no rejection.",
                "Creatinine 214 µmol/L. Tacrolimus increased to 3 mg once daily.",
            ),
            hospital_course=(
                "Mrs Qureshi's transplant kidney was injured by a high tacrolimus level "
                "after clarithromycin. The biopsy showed no rejection, and her kidney "
                "function improved once the dose was adjusted."
            ),
            medication_change=(
                "Tacrolimus modified-release was reduced from 4 mg to 3 mg once daily, and "
                "clarithromycin was stopped, with a warning to avoid macrolide antibiotics."
            ),
            follow_up=("transplant follow-up clinic", date(2025, 1, 30), "Dr Nwachukwu"),
            gp_actions=("Record a warning: no macrolide antibiotics or azole antifungals.",),
            findings=(
                Finding(
                    "tacrolimus",
                    "investigations",
                    "Mrs Qureshi's tacrolimus trough level on admission was 21.4 µg/L, "
                    "against her target range of 5 to 8 µg/L.",
                ),
                Finding(
                    "tacrolimus_discharge",
                    "discharge",
                    "Her tacrolimus trough level on the day before discharge was 6.3 µg/L.",
                ),
            ),
            baseline=(117.0, 6.1, 9, 135),
        ),
        Patient(
            key="rhysevans",
            title="Mr",
            first="Gwilym",
            surname="Rhys-Evans",
            age=45,
            sex="male",
            mrn="HRI-0473366",
            bed="4C-02",
            admitted=date(2025, 1, 19),
            discharged=date(2025, 1, 30),
            route="from the emergency department",
            destination="home",
            attending="Emeka Nwachukwu",
            clerked_by="Sofia Petrakis",
            diagnosis="rapidly progressive glomerulonephritis from PR3-ANCA vasculitis",
            complaint="coughing up blood, nosebleeds and dark urine",
            story=(
                "Mr Rhys-Evans has had nasal crusting and nosebleeds for two months, "
                "treated as sinusitis. For a week his joints have ached, he has coughed up "
                "streaks of blood and his urine has been dark. He has lost 5 kg."
            ),
            history=("Chronic sinusitis, 2024",),
            home_meds=("Mometasone nasal spray, two sprays daily",),
            allergy=None,
            social="Hill farmer, lives with his wife and two sons. Never smoked.",
            exam="Nasal crusting. Purpuric rash on both shins. Crackles in the left mid-zone.",
            ecg="Sinus rhythm at 92 per minute.",
            imaging="CT chest: two cavitating nodules of 2.1 and 3.4 cm in the left lung.",
            potassium=("5.1", "4.3"),
            creatinine=("534", "298"),
            procedure=(
                "a percutaneous renal biopsy",
                date(2025, 1, 21),
                "Benedikt Roth",
                "two cores were taken from the right kidney, and a small haematoma "
                "settled without treatment",
            ),
            plan=(
                "Urgent ANCA and anti-GBM antibodies",
                "Intravenous methylprednisolone 500 mg daily for three days",
                "Renal biopsy",
            ),
            course=(
                "ANCA result back, PR3 positive. Methylprednisolone started.",
                "Bed rest; blood in the urine once, then clear.",
                "Biopsy: crescentic glomerulonephritis, crescents in 9 of 14 glomeruli.",
                "First dose of rituximab 1 g given. Prednisolone 60 mg from today.",
                "Creatinine 411 µmol/L and falling. Second rituximab dose booked.",
            ),
            hospital_course=(
                "Mr Rhys-Evans had PR3-ANCA vasculitis affecting the kidneys and lungs, and "
                "improved with steroids and rituximab."
            ),
            medication_change=(
                "Prednisolone 60 mg once daily was started with a reducing plan, with "
                "co-trimoxazole 480 mg once daily and omeprazole 20 mg once daily."
            ),
            follow_up=("vasculitis clinic", date(2025, 2, 12), "Dr Nwachukwu"),
            gp_actions=(
                "Weekly full blood count and creatinine for four weeks.",
                "No live vaccines.",
            ),
            findings=(
                Finding(
                    "anca",
                    "course",
                    "Mr Rhys-Evans's PR3-ANCA level was 186 IU/mL, his anti-GBM antibody "
                    "was negative and his urine protein to creatinine ratio was 236 mg/mmol.",
                ),
            ),
            baseline=(104.0, 12.8, 92, 137),
        ),
        Patient(
            key="tregarthen",
            title="Mrs",
            first="Maureen",
            surname="Tregarthen",
            age=88,
            sex="female",
            mrn="HRI-0201148",
            bed="4C-21",
            admitted=date(2025, 1, 22),
            discharged=date(2025, 1, 29),
            route="from the emergency department",
            destination="to Elmfield Court nursing home for two weeks of respite care",
            attending="Callum Ferrier",
            clerked_by="Benedikt Roth",
            diagnosis="hyperkalaemia and fluid overload in chronic kidney disease stage 5, "
            "managed without dialysis",
            complaint="breathlessness, swollen legs and weakness",
            story=(
                "Mrs Tregarthen chose care without dialysis in 2023. Over two weeks she has "
                "become breathless and her legs have swollen; today she could not stand. "
                "She has been eating dried fruit for constipation."
            ),
            history=(
                "Chronic kidney disease stage 5 from diabetic nephropathy, conservative "
                "care since 2023",
                "Heart failure with preserved ejection fraction",
                "Macular degeneration, registered sight-impaired",
            ),
            home_meds=(
                "Furosemide 80 mg twice daily",
                "Sodium bicarbonate 1 g three times daily",
                "Darbepoetin alfa 40 micrograms every two weeks",
            ),
            allergy=("lisinopril", "swelling of the lips and tongue"),
            social=(
                "Widowed, lives in sheltered housing with carers three times a day. Her son "
                "holds lasting power of attorney."
            ),
            exam=(
                "Alert. Raised jugular venous pressure. Stony dull right base. Oedema to the knees."
            ),
            ecg="Sinus rhythm at 58 per minute with tall T waves and a QRS of 124 ms.",
            imaging="Chest X-ray: large right pleural effusion.",
            potassium=("6.7", "5.3"),
            creatinine=("498", "455"),
            procedure=(
                "an ultrasound-guided therapeutic pleural aspiration",
                date(2025, 1, 24),
                "Sofia Petrakis",
                "1.1 litres of straw-coloured fluid were removed from the right side",
            ),
            plan=(
                "Calcium gluconate and insulin-dextrose for the potassium",
                "Sodium zirconium cyclosilicate 10 g three times daily for 48 hours",
                "Intravenous furosemide 120 mg twice daily",
            ),
            course=(
                "Potassium 5.9 mmol/L after treatment. Agreed with her son: no dialysis.",
                "Breathing much easier after the aspiration.",
                "Renal dietitian: low-potassium food list for her carers.",
                "Weight down 3.4 kg. Respite bed found while her care is increased.",
            ),
            hospital_course=(
                "Mrs Tregarthen's potassium and fluid overload improved with a potassium "
                "binder, diuretics and drainage of the effusion."
            ),
            medication_change=(
                "Sodium zirconium cyclosilicate 5 g once daily continues to keep her "
                "potassium down, and furosemide was increased to 120 mg twice daily."
            ),
            follow_up=(
                "kidney supportive care clinic",
                date(2025, 2, 20),
                "the kidney supportive care nurses",
            ),
            gp_actions=("Potassium and creatinine in one week, taken by the district nurses.",),
            findings=(
                Finding(
                    "egfr",
                    "discharge",
                    "Mrs Tregarthen's estimated glomerular filtration rate at discharge was "
                    "7 mL/min/1.73 m2.",
                ),
            ),
            vte="mechanical prophylaxis only because of bleeding risk",
            baseline=(92.0, 7.2, 11, 134),
        ),
        Patient(
            key="brandvold",
            title="Mr",
            first="Nikolai",
            surname="Brandvold",
            age=58,
            sex="male",
            mrn="HRI-0440721",
            bed="4C-14",
            admitted=date(2025, 1, 24),
            discharged=date(2025, 1, 31),
            route="from the emergency department",
            destination="home",
            attending="Emeka Nwachukwu",
            clerked_by="Amara Quansah",
            diagnosis="uraemic pericarditis at first presentation of end-stage kidney disease",
            complaint="itching, vomiting and sharp chest pain on lying flat",
            story=(
                "Mr Brandvold stopped attending the renal clinic in 2022. For a month he "
                "has itched and vomited most mornings, and two days ago he developed chest "
                "pain that eases when he leans forward."
            ),
            history=("IgA nephropathy, biopsy 2019", "Hypertension"),
            home_meds=(
                "Allopurinol 100 mg once daily",
                "Amlodipine 10 mg once daily, taken irregularly",
            ),
            allergy=("ciprofloxacin", "painful, swollen Achilles tendons"),
            social="Ferry engineer, lives with his wife. Ex-smoker.",
            exam="Pale. Pericardial friction rub. Flapping tremor. Chest clear.",
            ecg="Sinus rhythm with widespread saddle-shaped ST elevation.",
            imaging=(
                "Echocardiogram: small pericardial effusion. Renal ultrasound: small kidneys."
            ),
            potassium=("6.1", "4.4"),
            creatinine=("1,146", "702"),
            procedure=(
                "a left radiocephalic arteriovenous fistula operation",
                date(2025, 1, 28),
                "Anselm Greaves",
                "a strong thrill was present at the end of the operation",
            ),
            plan=(
                "Haemodialysis tonight through a temporary femoral line",
                "Tunnelled dialysis catheter; vein mapping for a fistula",
            ),
            course=(
                "First dialysis of two hours, kept short. Chest pain easier.",
                "Tunnelled catheter placed by interventional radiology.",
                "Pericardial rub gone. Vein mapping: left cephalic vein suitable.",
                "Done under a regional nerve block.",
                "Fistula thrill present. Interested in home haemodialysis.",
            ),
            hospital_course=(
                "Mr Brandvold's uraemic pericarditis settled once haemodialysis started, "
                "and a fistula was made for long-term dialysis."
            ),
            medication_change=(
                "Amlodipine was stopped because dialysis now controls his blood pressure, "
                "and sevelamer 800 mg three times daily with meals and alfacalcidol 0.25 "
                "micrograms once daily were started."
            ),
            follow_up=(
                "home therapies clinic",
                date(2025, 2, 17),
                "the home therapies nurses",
            ),
            gp_actions=("No blood pressure cuffs or blood tests on the left arm (fistula).",),
            vte="heparin with each dialysis session, so no separate prophylaxis",
            baseline=(78.0, 8.1, 21, 132),
        ),
    ),
)


def hallowmere_questions(ward: Ward) -> list[Question]:
    def p(key: str) -> Patient:
        return patient(ward, key)

    return [
        ask_allergy(ward, p("tregarthen")),
        ask_potassium(ward, p("asante")),
        Question(
            "What was Farida Qureshi's tacrolimus trough level on admission?",
            "21.4 µg/L",
            ("qureshi.tacrolimus",),
            accept=("21.4", "21.4 micrograms per litre", "21.4 ug/L"),
            # The discharge level and the top of her target range.
            distractors=("6.3 µg/L", "8 µg/L"),
            unique=("21.4",),
        ),
        ask_attending(ward, p("calloway")),
        # The registrar who did the other renal biopsy is the near miss that the
        # generic distractors (consultant, clerking registrar, radiologist) leave out.
        replace(
            ask_operator(ward, p("rhysevans")),
            distractors=("Amara Quansah", "Emeka Nwachukwu", "Sofia Petrakis"),
        ),
        ask_procedure_date(ward, p("brandvold")),
        Question(
            "What was Delphine Marchbank's urine protein to creatinine ratio on admission?",
            "842 mg/mmol",
            ("marchbank.pcr",),
            accept=("842",),
            # Her ratio before discharge, and Mr Rhys-Evans's.
            distractors=("615 mg/mmol", "236 mg/mmol"),
            unique=("842 mg/mmol",),
        ),
        ask_creatinine_fall(p("pendlebury")),
        ask_stay(p("qureshi")),
        ask_attending_of_allergic(ward, p("brandvold")),
    ]


def clinical_c_documents() -> list[Built]:
    return [build_clinical("clinical_c", "clin-c", HALLOWMERE, hallowmere_questions(HALLOWMERE))]
