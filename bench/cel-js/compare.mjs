// Evaluates bench/cel/rules.json over bench/cel/bindings.json in @marcbachmann/cel-js and
// prints evaluations per second per rule as JSON: the peer side of bench/compare-cel-js.
// Rules are parsed once and binding sets built once, outside the timed loop, as on our side.
// Ints in the bindings become BigInt (cel-js's int), numbers with a fraction stay doubles.
// Also times the headline rule hand-written in JavaScript, the batch mode's yardstick.

import {parse} from '@marcbachmann/cel-js'
import {readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const seconds = Number(process.argv[2] ?? 0.5)
const rules = JSON.parse(readFileSync(join(here, '../cel/rules.json'), 'utf8')).rules
const text = readFileSync(join(here, '../cel/bindings.json'), 'utf8')
// Mark integers (a number with no fraction or exponent) before JSON.parse loses the difference.
const marked = text.replace(/(?<=[[:,]\s*)(-?\d+)(?=\s*[,\]}])/g, '"#int#$1"')
const bindings = JSON.parse(marked, (key, value) =>
  typeof value === 'string' && value.startsWith('#int#') ? BigInt(value.slice(5)) : value
).bindings

function measure (evaluate) {
  const count = bindings.length
  let n = 0
  const budget = BigInt(Math.round(seconds * 1e9))
  const start = process.hrtime.bigint()
  let elapsed = 0n
  do {
    for (let i = 0; i < 1000; i++) {
      evaluate(bindings[n % count])
      n++
    }
    elapsed = process.hrtime.bigint() - start
  } while (elapsed < budget)
  return n / (Number(elapsed) / 1e9)
}

const results = {}
for (const rule of rules) {
  try {
    const program = parse(rule.expr)
    const outcomes = bindings.map((b) => { try { return String(program(b)) } catch (e) { return 'error' } })
    // Warm up the JIT before timing.
    measure(program)
    results[rule.name] = {evaluations_per_second: measure(program), outcomes}
  } catch (error) {
    results[rule.name] = {error: String(error.message ?? error)}
  }
}
const excludedSet = bindings[0].excluded
const handwritten = (b) => b.person.age >= 18n &&
  b.household.income_per_capita < b.region.subsistence_minimum * 2.0 &&
  !excludedSet.includes(b.person.id)
measure(handwritten)
results['headline (hand-written JavaScript)'] = {evaluations_per_second: measure(handwritten)}
console.log(JSON.stringify(results))
