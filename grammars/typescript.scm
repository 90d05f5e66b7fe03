; manifest-lsp: the TypeScript shapes that carry version facts.
; Loaded by server/src/syntax/typescript.rs. Capture names are its contract:
; @version_info / @binding / @info, @version_graph / @graph_args, @import,
; @range_value (a string that holds an ExVer range; `.satisfies()` takes exact versions, not ranges), @images (the manifest's images object),
; @package_id (the manifest's `id`).

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

; VersionGraph.of({ current, other: [...] })  or  VersionGraph.of(current, a, b)
(call_expression
  function: (member_expression
    object: (identifier) @_vg
    property: (property_identifier) @_of)
  arguments: (arguments) @graph_args
  (#eq? @_vg "VersionGraph")
  (#eq? @_of "of")) @version_graph

(import_statement) @import

; versionRange: '>=1.0.0:0'   (dependencies)
(pair
  key: [(property_identifier) (string)] @_key
  value: [(string) (template_string)] @range_value
  (#match? @_key "^['\"]?versionRange['\"]?$"))

; images: { main: { source: { dockerTag: 'x:1' } } }
(pair
  key: [(property_identifier) (string)] @_images
  value: (object) @images
  (#match? @_images "^['\"]?images['\"]?$"))

; id: 'package-id'   (only read from the manifest)
(pair
  key: (property_identifier) @_id
  value: (string) @package_id
  (#eq? @_id "id"))
