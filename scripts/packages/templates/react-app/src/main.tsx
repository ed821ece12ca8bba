import { StrictMode, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { VodPlayer, type VodPlayerElement } from 'vod-player/react';

const SRC = '%SRC%';

function App() {
  const ref = useRef<VodPlayerElement>(null);
  const [labels, setLabels] = useState<string[]>([]);
  const [ladder, setLadder] = useState('');
  return (
    <>
      <VodPlayer
        ref={ref}
        src={SRC}
        muted
        autoplay
        controls
        abrConfig={{}}
        onVodQualityChange={(event) => setLabels((seen) => [...seen, `${event.detail.reason}:${event.detail.to.label}`])}
        onVodLoadedMetadata={(event) => setLadder(event.detail.qualities.map((q) => q.label).join(','))}
        onVodError={(event) => console.error(event.detail.error.code, event.detail.error.message)}
      />
      <output id="quality-changes">{labels.join(' ')}</output>
      <output id="ladder">{ladder}</output>
      <button id="read-ref" onClick={() => (document.title = `${ref.current?.tagName}:${ref.current?.qualities.length ?? 0}`)}>
        read ref
      </button>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
