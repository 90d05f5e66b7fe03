;;; quick_fix.el --- Emacs (eglot) drives manifest-lsp: a quick fix from column 0  -*- lexical-binding: t; -*-
;; Run by tests/e2e/emacs.rs: emacs --batch -l quick_fix.el, with MANIFEST_LSP_BIN, MANIFEST_FILE
;; (a StartOS manifest with an SO007 finding), PROJECT_ROOT and RESULT (a file this writes).
;; It opens the file with eglot as a user would, waits for flymake to show SO007, puts the cursor
;; at column 0 of that line (where eglot names no diagnostic), runs `eglot-code-actions' as the
;; interactive command does, picks "Set the tag…" from its menu, and saves.

(require 'eglot)
(require 'cl-lib)

(defvar result-lines nil)
(defun note (fmt &rest args)
  (push (apply #'format fmt args) result-lines))
(defun finish (status)
  (note "status: %s" status)
  (with-temp-file (getenv "RESULT")
    (insert (mapconcat #'identity (reverse result-lines) "\n") "\n"))
  (kill-emacs (if (equal status "ok") 0 1)))

(condition-case err
    (let* ((bin (getenv "MANIFEST_LSP_BIN"))
           (file (getenv "MANIFEST_FILE"))
           (root (file-name-as-directory (getenv "PROJECT_ROOT"))))
      ;; Emacs 28 has no TypeScript mode: js-mode stands in, as users without typescript-mode do
      (add-to-list 'auto-mode-alist '("\\.ts\\'" . js-mode))
      (add-to-list 'eglot-server-programs `(js-mode . (,bin "serve")))
      ;; the package folder is the project
      (add-hook 'project-find-functions (lambda (_dir) (cons 'transient root)))
      (find-file file)
      (eglot-ensure)
      (run-hooks 'post-command-hook) ; eglot-ensure connects from this hook
      (let ((deadline (+ (float-time) 30)) diag)
        (while (and (not diag) (< (float-time) deadline))
          (accept-process-output nil 0.1)
          (setq diag (cl-find-if (lambda (d) (string-match-p "SO007" (flymake-diagnostic-text d)))
                                 (flymake-diagnostics))))
        (unless diag (finish "no SO007 diagnostic from flymake"))
        (note "diagnostic: %s" (flymake-diagnostic-text diag))
        (goto-char (flymake-diagnostic-beg diag))
        (beginning-of-line)
        (note "at column %d" (current-column))
        (let (titles)
          (cl-letf (((symbol-function 'completing-read)
                     (lambda (_prompt collection &rest _)
                       (setq titles (mapcar #'car collection))
                       (or (cl-find-if (lambda (t_) (string-prefix-p "Set the tag" t_)) titles)
                           (car titles)))))
            (let ((last-nonmenu-event 0))
              (eglot-code-actions (point) nil nil t)))
          (note "offered: %s" (mapconcat #'identity titles " | "))
          (unless (cl-find-if (lambda (t_) (string-prefix-p "Set the tag" t_)) titles)
            (finish "no Set the tag action at column 0")))
        (save-buffer)
        (note "saved")
        (ignore-errors (eglot-shutdown (eglot-current-server)))
        (finish "ok")))
  (error (finish (format "error: %S" err))))
