import { setupManifest } from '@start9labs/start-sdk'

export const manifest = setupManifest({
  id: 'synapse',
  title: 'Synapse',
  images: {
    synapse: { source: { dockerTag: 'matrixdotorg/synapse:v1.128.0' } },
    'synapse-admin': { source: { dockerTag: 'ghcr.io/example/synapse-admin:v0.10.3-etke38' } },
    'postgres': { source: { dockerTag: 'postgres:16.4' } },
  },
})
