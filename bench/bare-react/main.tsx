// The baseline for the startup benchmark: the smallest React page, built by the same
// toolchain as the renderer, marking "interactive" the same way the app does.
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

function Bare() {
  const [clicks, setClicks] = useState(0);
  useEffect(() => {
    performance.mark('linq:interactive');
  }, []);
  return <button onClick={() => setClicks(clicks + 1)}>Clicked {clicks} times</button>;
}

createRoot(document.getElementById('root')!).render(<Bare />);
