// Misuse the declarations must refuse: each line below has to be a type error, or tsc fails.
import { AuthError, createAuth } from 'wxmini-auth-client';

// @ts-expect-error two hosts at once
createAuth({ baseUrl: 'https://api.example.com', wx, uni: wx });

// @ts-expect-error baseUrl is required
createAuth({ wx });

const auth = createAuth({ baseUrl: 'https://api.example.com', wx });

// @ts-expect-error the button's event, not its code
auth.loginWithPhone('code');

// @ts-expect-error a session id is a string
auth.endSession(42);

auth.sessions().then((sessions) => {
	// @ts-expect-error sessions have no openid
	console.log(sessions[0].openid);
});

export function retryAfterOf(err: AuthError): number {
	// @ts-expect-error retryAfter may be null
	return err.retryAfter;
}
