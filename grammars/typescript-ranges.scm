; manifest-lsp: ExVer ranges, wherever they sit (dependencies are declared inside callbacks).
; Loaded by server/src/syntax/typescript.rs, at full depth, only for files whose text contains
; `versionRange` (no match is possible otherwise). Capture: @range_value, a string that holds an
; ExVer range (`.satisfies()` takes exact versions, not ranges, so it is not here).

; versionRange: '>=1.0.0:0'   (dependencies)
(pair
  key: [(property_identifier) (string)] @_key
  value: [(string) (template_string)] @range_value
  (#match? @_key "^['\"]?versionRange['\"]?$"))
