import { VersionInfo } from '@start9labs/start-sdk'

export const v0360 = VersionInfo.of({
  version: '0.3.6:0',
  releaseNotes: 'First',
  migrations: {},
})
