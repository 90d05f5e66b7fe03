import { register } from '@radpack/core'

export default register
