// Feature modules that add views or decorate the inbox register themselves on import.
// Each feature adds one line here.
import './channels.js';
import './audit.js';
