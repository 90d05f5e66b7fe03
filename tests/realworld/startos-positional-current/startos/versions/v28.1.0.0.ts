import { VersionInfo } from '@start9labs/start-sdk'

// the version was bumped, the file and its export were not
export const v28_1_0_0 = VersionInfo.of({
  version: '28.1:1',
  releaseNotes: 'Update to 28.1',
  migrations: {},
})
