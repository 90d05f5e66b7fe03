import { VersionInfo } from '@start9labs/start-sdk'

export const v020_6 = VersionInfo.of({
  version: '0.2.0:6',
  releaseNotes: 'Old',
  migrations: {},
})
