import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { MiniPlayer } from './reader/MiniPlayer';
import './theme.css';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* The tray's popover loads the same bundle as index.html#mini. */}
    {location.hash === '#mini' ? <MiniPlayer /> : <App />}
  </StrictMode>,
);
