package io.github.wxminiauth.token;

import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import io.github.wxminiauth.sessionkey.InMemorySessionKeyStore;
import io.github.wxminiauth.user.WxPrincipal;

/**
 * What a live session costs the heap in memory mode: fills the in-memory stores as logins of
 * {@code n} distinct users do (a session key and a refresh token each, with ids and hashes of the
 * real formats), then as a second login of each, and prints the heap growth per session of each
 * pass after a full collection; the second is the benchmark's "memory per live session". Not a
 * test; run it by hand, with {@code jcmd <pid> GC.class_histogram} alongside if a second
 * argument asks it to wait:
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) io.github.wxminiauth.token.SessionFootprint 200000
 * </pre>
 */
public final class SessionFootprint {

	private SessionFootprint() {
	}

	public static void main(String[] args) throws Exception {
		int n = (args.length > 0) ? Integer.parseInt(args[0]) : 200_000;
		Clock clock = Clock.systemUTC();
		SecureRandom random = new SecureRandom();
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String appId = "wx0123456789abcdef";
		InMemoryRefreshTokenStore tokens = new InMemoryRefreshTokenStore(clock, 2 * n);
		InMemorySessionKeyStore sessionKeys = new InMemorySessionKeyStore(clock, Duration.ofDays(3));
		String[] openids = new String[n];
		for (int i = 0; i < n; i++) {
			// Fresh strings each time, as a login parses them from WeChat's answer.
			openids[i] = "o" + base64.encodeToString(bytes(random, 20)).substring(0, 27);
		}
		long empty = usedHeapAfterGc();
		for (int i = 0; i < n; i++) {
			login(clock, tokens, sessionKeys, appId, new String(openids[i]), random, base64);
		}
		long once = usedHeapAfterGc();
		pauseIfAsked(args, "one session per user");
		// The benchmark's figure (S7): a second session of each user, and nothing else.
		for (int i = 0; i < n; i++) {
			login(clock, tokens, sessionKeys, appId, new String(openids[i]), random, base64);
		}
		long twice = usedHeapAfterGc();
		System.out.printf("users=%d firstSession=%d bytes secondSession=%d bytes%n", n, (once - empty) / n,
				(twice - once) / n);
		pauseIfAsked(args, "two sessions per user");
		// Keeps both stores reachable until the figures are taken.
		System.out.println(tokens + " " + sessionKeys);
	}

	private static void login(Clock clock, InMemoryRefreshTokenStore tokens, InMemorySessionKeyStore sessionKeys, String appId,
			String openid, SecureRandom random, Base64.Encoder base64) {
		String tag = UserTag.of(appId, openid);
		String sessionId = tag + UserTag.SEPARATOR + base64.encodeToString(bytes(random, 16));
		sessionKeys.save(appId, openid, base64.encodeToString(bytes(random, 16)));
		String refreshToken = RefreshTokenFormat.format(appId, tag, bytes(random, RefreshTokenFormat.secretBytes()));
		Instant now = clock.instant();
		tokens.save(RefreshTokenFormat.hash(refreshToken, tag), new WxPrincipal(appId, openid, null, sessionId),
				now.plus(Duration.ofDays(30)), null, 5, now.plus(Duration.ofHours(2)));
	}

	private static void pauseIfAsked(String[] args, String state) throws Exception {
		if (args.length > 1) {
			System.out.println(state + ": waiting for a class histogram (jcmd " + ProcessHandle.current().pid()
					+ " GC.class_histogram); press enter to go on");
			while (System.in.read() != '\n') {
				// up to the end of the line
			}
		}
	}

	private static byte[] bytes(SecureRandom random, int count) {
		byte[] bytes = new byte[count];
		random.nextBytes(bytes);
		return bytes;
	}

	private static long usedHeapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
