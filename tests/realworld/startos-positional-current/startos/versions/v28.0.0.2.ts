import { VersionInfo, IMPOSSIBLE } from '@start9labs/start-sdk'

export const v28_0_0_2 = VersionInfo.of({
  version: '28.0:2',
  releaseNotes: 'Fixes',
  migrations: { down: IMPOSSIBLE },
})
