import radpack from '@radpack/rollup-plugin'

const options = { keepMinors: true }

export default { input: 'src/index.js', plugins: [radpack(options)] }
