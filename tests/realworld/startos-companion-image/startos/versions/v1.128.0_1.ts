import { VersionInfo, IMPOSSIBLE } from '@start9labs/start-sdk'

export const v_1_128_0_1 = VersionInfo.of({
  version: '1.128.0:1',
  releaseNotes: 'Update Synapse',
  migrations: { up: async () => {}, down: IMPOSSIBLE },
})
