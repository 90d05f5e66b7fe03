import { setupManifest, SDKImageInputSpec } from '@start9labs/start-sdk'

export const manifest = setupManifest({
  id: 'web-ui',
  title: 'Web UI',
  images: {
    ui: {
      source: { dockerTag: 'someone/web-ui:v0.15.6' },
      arch: ['x86_64', 'aarch64'],
    } as SDKImageInputSpec,
  },
  volumes: ['main'],
})
