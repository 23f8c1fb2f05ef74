// index.js - the desk's front door: signed in, go to the home of the user's role; otherwise to
// the login page.

import { get } from '../api.js';
import { homeFor } from '../shell.js';

get('session', {}, { noRedirect: true })
    .then((me) => window.location.replace(homeFor(me.role)))
    .catch(() => window.location.replace('login.html'));
