// Live job progress on a case page: while any job is queued or running, listens to the case's job event stream
// (server-sent events) and reloads the page when one finishes, so its results, downloads and 3D view appear. Where
// the stream cannot be opened or breaks, it polls the case's jobs once a second instead.
const section = document.getElementById('jobs');
const caseId = section.dataset.case;
const active = (s) => s === 'Queued' || s === 'Running';
const rows = () => [...section.querySelectorAll('tr[data-job]')];

// Shows the jobs' state; returns true when there is nothing more to follow (the page reloads or no job is active).
function show(jobs) {
  for (const job of jobs) {
    const row = section.querySelector(`tr[data-job="${job.id}"]`);
    if (!row) continue;
    if (active(row.dataset.status) && !active(job.status)) {
      location.reload();
      return true;
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
  return !rows().some((r) => active(r.dataset.status));
}

async function poll() {
  if (!rows().some((r) => active(r.dataset.status))) return;
  try {
    const response = await fetch(`/api/cases/${caseId}/jobs`, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    if (show(await response.json())) return;
  } catch (e) {
    console.warn('polling the jobs failed', e);
  }
  setTimeout(poll, 1000);
}

function listen() {
  if (!rows().some((r) => active(r.dataset.status))) return;
  if (!('EventSource' in window)) {
    setTimeout(poll, 1000);
    return;
  }
  const source = new EventSource(`/api/cases/${caseId}/jobs/events`);
  source.onmessage = (event) => {
    if (show(JSON.parse(event.data))) source.close();
  };
  source.onerror = () => {
    source.close();
    setTimeout(poll, 1000);
  };
}

listen();
