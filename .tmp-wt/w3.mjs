import 'ses';
lockdown({ errorTaming: 'unsafe', consoleTaming: 'unsafe', overrideTaming: 'moderate' });
const c = new Compartment({ globals: {}, __options__: true });
console.log(c.evaluate('[typeof Float64Array, typeof Float32Array, typeof Int8Array, typeof Array, typeof Map, typeof ArrayBuffer, typeof Math.sqrt, typeof Proxy]'));
const c2 = new Compartment({ globals: { x: 1 }, __options__: true });
console.log(c2.evaluate('typeof Float64Array'));
