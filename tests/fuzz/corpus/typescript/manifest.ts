import { setupManifest } from '@start9labs/start-sdk'

export const manifest = setupManifest({
  id: 'ghost',
  title: 'Ghost',
  images: {
    main: {
      source: { dockerTag: 'ghost:6.57.1-alpine' },
      arch: ['x86_64', 'aarch64'],
    },
    mysql: {
      source: { dockerTag: 'mysql:8.4.9' },
      arch: ['x86_64', 'aarch64'],
    },
  },
  volumes: ['main'],
})
