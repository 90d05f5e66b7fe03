;;; manifest-lsp.el --- Register manifest-lsp with eglot  -*- lexical-binding: t; -*-

;; Load this file (or copy the form below into your init file), then run M-x eglot in a file of a
;; StartOS package, a Salesforce DX project or a monorepo. `manifest-lsp' must be on `exec-path'
;; (or replace the command with the binary's full path).
;;
;; Eglot runs one server per buffer: in these modes manifest-lsp takes the place of the TypeScript
;; or JSON server for the project. Eglot announces no `resourceOperations', so the spin-off (which
;; creates and renames files) is not offered; quick fixes and the bump actions are.

;;; Code:

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '((typescript-ts-mode typescript-mode js-ts-mode json-ts-mode json-mode
                  markdown-mode dockerfile-ts-mode)
                 . ("manifest-lsp" "serve"))))

(provide 'manifest-lsp)
;;; manifest-lsp.el ends here
