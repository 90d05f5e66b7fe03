; manifest-lsp: the TypeScript shapes that carry version facts.
; Loaded by server/src/syntax/typescript.rs. Capture names are its contract:
; @version_info / @binding / @info, @version_graph / @graph_args, @import, @images (the manifest's
; images object), @package_id (the manifest's `id`).
; Every pattern here starts near the top of a file (declarations, the manifest's first-level keys),
; so the cursor stops descending at a fixed depth (SHALLOW_DEPTH in typescript.rs) and skips the
; bodies of migrations and release notes. Patterns that can sit at any depth belong in
; typescript-ranges.scm.

; const NAME = VersionInfo.of({ ... })   (exported or not)
(variable_declarator
  name: (identifier) @binding
  value: (call_expression
    function: (member_expression
      object: (identifier) @_vi
      property: (property_identifier) @_of)
    arguments: (arguments . (object) @info))
  (#eq? @_vi "VersionInfo")
  (#eq? @_of "of")) @version_info

; const NAME = VersionInfo.of({ ... }).satisfies('29.4:12')   (a chained type check)
(variable_declarator
  name: (identifier) @binding
  value: (call_expression
    function: (member_expression
      object: (call_expression
        function: (member_expression
          object: (identifier) @_vi
          property: (property_identifier) @_of)
        arguments: (arguments . (object) @info))))
  (#eq? @_vi "VersionInfo")
  (#eq? @_of "of")) @version_info

; VersionInfo.of({ ... }) written in place: an argument (`VersionGraph.of(VersionInfo.of({…}))`)
; or a property's value (the graph's `current: VersionInfo.of({…})`). Not bound to a name, but a
; version all the same: its literal is checked like any other.
(arguments
  (call_expression
    function: (member_expression
      object: (identifier) @_vi
      property: (property_identifier) @_of)
    arguments: (arguments . (object) @inline_info)) @inline_call
  (#eq? @_vi "VersionInfo")
  (#eq? @_of "of"))

(pair
  value: (call_expression
    function: (member_expression
      object: (identifier) @_vi
      property: (property_identifier) @_of)
    arguments: (arguments . (object) @inline_info)) @inline_call
  (#eq? @_vi "VersionInfo")
  (#eq? @_of "of"))

; VersionGraph.of({ current, other: [...] })  or  VersionGraph.of(current, a, b)
(call_expression
  function: (member_expression
    object: (identifier) @_vg
    property: (property_identifier) @_of)
  arguments: (arguments) @graph_args
  (#eq? @_vg "VersionGraph")
  (#eq? @_of "of")) @version_graph

(import_statement) @import

; images: { main: { source: { dockerTag: 'x:1' } } }   (the value may be under type wrappers:
; `{ … } as const`, `satisfies`, parentheses, `!`; the reader takes the object beneath)
(pair
  key: [(property_identifier) (string)] @_images
  value: (_) @images
  (#match? @_images "^['\"]?images['\"]?$"))

; id: 'package-id'   (only read from the manifest)
(pair
  key: (property_identifier) @_id
  value: (string) @package_id
  (#eq? @_id "id"))
