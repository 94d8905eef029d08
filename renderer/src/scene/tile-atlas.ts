/**
 * One canvas texture holding a tile per bed, shown on one instanced quad mesh whose per-instance
 * `tile` attribute picks the bed's tile: a whole ward's screens or labels in one draw call.
 */
import { CanvasTexture, InstancedBufferAttribute, PlaneGeometry, ShaderMaterial } from 'three';

export function tileAtlasMaterial(texture: CanvasTexture, cols: number, rows: number): ShaderMaterial {
  return new ShaderMaterial({
    uniforms: { map: { value: texture }, grid: { value: [cols, rows] } },
    vertexShader: /* glsl */ `
      attribute vec2 tile;
      uniform vec2 grid;
      varying vec2 vUv;
      void main() {
        vUv = vec2((uv.x + tile.x) / grid.x, (uv.y + (grid.y - 1.0 - tile.y)) / grid.y);
        gl_Position = projectionMatrix * modelViewMatrix * instanceMatrix * vec4(position, 1.0);
      }`,
    fragmentShader: /* glsl */ `
      uniform sampler2D map;
      varying vec2 vUv;
      void main() {
        gl_FragColor = texture2D(map, vUv);
        #include <colorspace_fragment>
      }`,
  });
}

/** A unit quad with each instance's tile (column, row) in a grid `cols` wide. */
export function tiledQuad(n: number, cols: number): PlaneGeometry {
  const g = new PlaneGeometry(1, 1);
  const tiles = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    tiles[i * 2] = i % cols;
    tiles[i * 2 + 1] = Math.floor(i / cols);
  }
  g.setAttribute('tile', new InstancedBufferAttribute(tiles, 2));
  return g;
}
