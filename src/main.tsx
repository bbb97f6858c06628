import { render } from 'preact';
import { App } from './ui/app';
import { registerServiceWorker } from './ui/pwa-update';
import './ui/styles.css';

render(<App />, document.getElementById('app') as HTMLElement);
registerServiceWorker();
