import { definePackage } from '@peers-app/peers-sdk'

export default definePackage((pkg) => {
  pkg.packageId = 'e7f2k9q4m1x8c3v6b0n5z2a7s'
  pkg.contract('files', 2, 'Files', 'dev').alsoImplements('files', 1)
  pkg.contract('tasks', 1, { name: 'Tasks', versionTag: 'beta' })
})
