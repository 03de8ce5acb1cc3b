/** Renders the page. Loaded by main.tsx right after it has started what does not need React. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './Root';
import { mark } from '../core/timeline';

mark('mount');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
