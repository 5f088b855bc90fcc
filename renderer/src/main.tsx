import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Reader } from './reader/Reader';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Reader />
  </StrictMode>,
);
