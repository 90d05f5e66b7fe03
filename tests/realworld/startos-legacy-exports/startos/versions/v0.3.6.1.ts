import { VersionInfo } from '@start9labs/start-sdk'

export const v0361 = VersionInfo.of({
  version: '0.3.6:1',
  releaseNotes: 'Second revision',
  migrations: {},
})
