// The reader's queue: the texts waiting to be read after this one, as main keeps them, with a button
// each to read it now, move it or remove it. Shows nothing while the queue is empty.
import { useEffect, useState } from 'react';
import type { QueueItem } from '../../../shared/ipc';
import { useAloud } from '../app/aloud-client';

export function QueueList() {
  const aloud = useAloud();
  const [queue, setQueue] = useState<QueueItem[]>([]);

  useEffect(() => {
    const offQueue = aloud.on('queue:changed', (e) => setQueue(e.items));
    aloud.queue.list().then(setQueue, () => {});
    return offQueue;
  }, []);

  if (queue.length === 0) return null;
  return (
    <section className="queue" aria-labelledby="queue-title">
      <div className="queue-head">
        <h2 id="queue-title">Queue ({queue.length})</h2>
        <button type="button" className="control small" onClick={() => void aloud.queue.clear()}>
          Clear queue
        </button>
      </div>
      <ol className="queue-list">
        {queue.map((item, i) => (
          <li key={item.id}>
            <span className="queue-title">{item.title}</span>
            <span className="queue-buttons">
              <button type="button" className="control small" onClick={() => void aloud.queue.play({ id: item.id })} aria-label={`Read now: ${item.title}`}>
                Read now
              </button>
              <button type="button" className="control small" disabled={i === 0} onClick={() => void aloud.queue.move({ id: item.id, to: i - 1 })} aria-label={`Move up: ${item.title}`}>
                ↑
              </button>
              <button type="button" className="control small" disabled={i === queue.length - 1} onClick={() => void aloud.queue.move({ id: item.id, to: i + 1 })} aria-label={`Move down: ${item.title}`}>
                ↓
              </button>
              <button type="button" className="control small" onClick={() => void aloud.queue.remove({ id: item.id })} aria-label={`Remove: ${item.title}`}>
                Remove
              </button>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
