import { definePackage } from '@peers-app/peers-sdk'
import { version } from '../package.json'

const packageDefinition = definePackage((pkg) => {
  pkg.packageId = 'k3j5h7g9f1d2s4a6p8o0i9u7y'
  pkg.version = version

  const main = pkg.contract('k3j5h7g9f1d2s4a6p8o0i9u7z', 2, 'Files')
  // a new version may also-implement only older versions of itself
  main.alsoImplements('k3j5h7g9f1d2s4a6p8o0i9u7z', 2)
})

;(exports as any).packageDefinition = packageDefinition
