#!/usr/bin/env node
// Gate: deprecation prose must name a future major; run in CI before a release.
import fs from 'node:fs'

const report = (file) => `<li>${file}</li>`
const files = process.argv.slice(2)
// an object of counts, exported for the gate's own test; no schemaVersion envelope here
export const counts = { checked: files.length, object: 'files' }
for (const f of files) {
  const text = fs.readFileSync(f, 'utf8')
  if (/removed in \d+\.0\.0/.test(text)) console.log(report(f))
}
