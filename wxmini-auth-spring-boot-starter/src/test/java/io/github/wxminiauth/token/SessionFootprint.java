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
 * What a live session costs the heap in memory mode: fills the in-memory stores as {@code n}
 * logins of distinct users do (a session key and a first refresh token each, with ids and hashes
 * of the real formats) and prints the heap growth per session after a full collection. Not a
 * test; run it by hand, for instance with {@code jcmd <pid> GC.class_histogram} alongside:
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
		InMemoryRefreshTokenStore tokens = new InMemoryRefreshTokenStore(clock, n);
		InMemorySessionKeyStore sessionKeys = new InMemorySessionKeyStore(clock, Duration.ofDays(3));
		long before = usedHeapAfterGc();
		for (int i = 0; i < n; i++) {
			// Fresh strings each time, as a login parses them from WeChat's answer.
			String openid = "o" + base64.encodeToString(bytes(random, 20)).substring(0, 27);
			String tag = UserTag.of(appId, openid);
			String sessionId = tag + UserTag.SEPARATOR + base64.encodeToString(bytes(random, 16));
			sessionKeys.save(appId, openid, base64.encodeToString(bytes(random, 16)));
			String refreshToken = RefreshTokenFormat.format(appId, tag, bytes(random, RefreshTokenFormat.secretBytes()));
			Instant now = clock.instant();
			tokens.save(RefreshTokenFormat.hash(refreshToken, tag), new WxPrincipal(appId, openid, null, sessionId),
					now.plus(Duration.ofDays(30)), null, 5, now.plus(Duration.ofHours(2)));
		}
		long after = usedHeapAfterGc();
		System.out.printf("sessions=%d heapPerSession=%d bytes%n", n, (after - before) / n);
		if (args.length > 1) {
			System.out.println("waiting for a class histogram (jcmd " + ProcessHandle.current().pid()
					+ " GC.class_histogram); press enter to end");
			System.in.read();
		}
		// Keeps both stores reachable until the figures are taken.
		System.out.println(tokens + " " + sessionKeys);
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
