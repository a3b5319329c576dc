// The 3D viewer of a case page: niivue (bundled, served from /static/lib) on the canvas #viewer.
// Slices: the CT (or the skull mask when no CT was uploaded) with the skull (red) and implant (green) masks over it;
// render tile: the skull and implant meshes (and a compared version's implant in blue).
import { Niivue, SHOW_RENDER, MULTIPLANAR_TYPE } from './lib/niivue.js';

const canvas = document.getElementById('viewer');
const status = document.getElementById('viewer-status');
const d = canvas.dataset;

async function show() {
  const nv = new Niivue({
    backColor: [0.08, 0.09, 0.11, 1],
    multiplanarShowRender: SHOW_RENDER.ALWAYS,
    multiplanarLayout: MULTIPLANAR_TYPE.GRID,
    dragAndDropEnabled: false,
    isColorbar: false,
    show3Dcrosshair: true,
    meshXRay: 0.6, // the 3D view shows the meshes through the CT's volume rendering
    meshThicknessOn2D: 2, // slices show the meshes' cut (±2 mm), not the whole surface in front of the CT
    logLevel: 'error',
  });
  await nv.attachToCanvas(canvas);
  const volumes = [];
  if (d.ct) volumes.push({ url: d.ct, colormap: 'gray' });
  if (d.skullMask) volumes.push({ url: d.skullMask, colormap: 'red', opacity: d.ct ? 0.35 : 1, cal_min: 0, cal_max: 1 });
  if (d.implantMask) volumes.push({ url: d.implantMask, colormap: 'green', opacity: 0.6, cal_min: 0, cal_max: 1 });
  if (volumes.length > 0) await nv.loadVolumes(volumes);
  const meshes = [];
  if (d.skullStl) meshes.push({ url: d.skullStl, rgba255: [225, 215, 190, 255] });
  if (d.implantStl) meshes.push({ url: d.implantStl, rgba255: [40, 200, 90, 255] });
  if (d.compareStl) meshes.push({ url: d.compareStl, rgba255: [70, 130, 240, 200] });
  if (meshes.length > 0) await nv.loadMeshes(meshes);
  nv.setSliceType(nv.sliceTypeMultiplanar);
  nv.drawScene();
  window.cranioViewer = { ready: true, volumes: nv.volumes.length, meshes: nv.meshes.length };
  status.textContent = `3D view ready: ${nv.meshes.length} mesh(es), ${nv.volumes.length} volume(s).`;
}

show().catch((e) => {
  window.cranioViewer = { ready: false, error: String(e) };
  status.textContent = `The 3D view could not be shown: ${e}`;
  status.classList.add('error');
});
