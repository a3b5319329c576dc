// Live job progress on a case page: polls the case's jobs while any is queued or running and reloads the page
// when one finishes, so its results, downloads and 3D view appear.
const section = document.getElementById('jobs');
const caseId = section.dataset.case;
const active = (s) => s === 'Queued' || s === 'Running';

async function poll() {
  const rows = [...section.querySelectorAll('tr[data-job]')];
  if (!rows.some((r) => active(r.dataset.status))) return;
  try {
    const response = await fetch(`/api/cases/${caseId}/jobs`, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const jobs = await response.json();
    for (const job of jobs) {
      const row = section.querySelector(`tr[data-job="${job.id}"]`);
      if (!row) continue;
      if (active(row.dataset.status) && !active(job.status)) {
        location.reload();
        return;
      }
      const cell = row.querySelector('.state');
      if (job.status === 'Running') {
        cell.replaceChildren();
        const bar = document.createElement('progress');
        bar.max = 1;
        bar.value = job.fraction;
        cell.append(bar, ` ${job.stage}`);
      }
      row.dataset.status = job.status;
    }
  } catch (e) {
    console.warn('polling the jobs failed', e);
  }
  setTimeout(poll, 1000);
}

setTimeout(poll, 1000);
