"""`minionc lsp`: a language server for `.minion` files, over stdio.

One concern per module: `analysis` compiles a document (the compiler's own
pipeline, per protocol, with the static cost estimate); `index` walks the AST
once and records every name it defines and every place it is used, with its
type; `features` answers hover, definition, completion and document symbols from
those two (pure functions on positions, no server needed); `positions` converts
columns between the compiler (code points) and the client (UTF-16 by default);
`server` wires it all to pygls, the `lsp` extra. Only `server` imports pygls.
"""
