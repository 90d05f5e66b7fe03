import { setupManifest } from '@start9labs/start-sdk'

export const manifest = setupManifest({
  id: 'hub',
  title: 'Hub',
  images: {
    main: { source: { dockerTag: 'ghcr.io/example/hub:v2.4.0' } },
  },
})
