package io.github.wxminiauth.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario S7, revocation across instances: two instances share one Redis. Each sample logs a
 * user in on instance A, checks that instance B accepts the access token, logs out on A, and
 * from A's 204 on asks B with the same token every {@code pollMs} until B answers 401: the time
 * from the logout's answer to B's first 401 is the propagation time. Samples run on a few
 * workers at once. Prints one JSON line with the percentiles (ms), the samples and the failures
 * (B never accepting the token, the logout failing, B still accepting after 5 s).
 * <p>
 * Arguments: {@code baseUrlA baseUrlB samples workers pollMs runId}.
 */
public final class RevocationProbe {

	private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

	private static final long GIVE_UP_NANOS = Duration.ofSeconds(5).toNanos();

	public static void main(String[] args) throws Exception {
		String a = args[0];
		String b = args[1];
		int samples = Integer.parseInt(args[2]);
		int workers = Integer.parseInt(args[3]);
		long pollMs = Long.parseLong(args[4]);
		String runId = args[5];
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		List<Double> millis = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger failures = new AtomicInteger();
		AtomicInteger next = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(workers);
		List<Future<?>> results = new ArrayList<>();
		for (int w = 0; w < workers; w++) {
			results.add(pool.submit(() -> {
				for (int i = next.getAndIncrement(); i < samples; i = next.getAndIncrement()) {
					try {
						Double sample = sample(client, a, b, "rv" + runId + "u" + i + ".1", pollMs);
						if (sample == null) {
							failures.incrementAndGet();
						}
						else {
							millis.add(sample);
						}
					}
					catch (Exception ex) {
						failures.incrementAndGet();
					}
				}
				return null;
			}));
		}
		for (Future<?> result : results) {
			result.get();
		}
		pool.shutdown();
		List<Double> sorted = new ArrayList<>(millis);
		Collections.sort(sorted);
		System.out.println(String.format(Locale.ROOT,
				"{\"samples\":%d,\"failures\":%d,\"p50_ms\":%.1f,\"p99_ms\":%.1f,\"max_ms\":%.1f}", sorted.size(),
				failures.get(), percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100)));
	}

	private static Double sample(HttpClient client, String a, String b, String code, long pollMs) throws Exception {
		HttpResponse<String> login = client.send(
				request(a + "/wx/login", null).header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}"))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		Matcher matcher = ACCESS_TOKEN.matcher(login.body());
		if (login.statusCode() != 200 || !matcher.find()) {
			return null;
		}
		String token = matcher.group(1);
		if (status(client, b, token) != 200) {
			return null;
		}
		HttpResponse<Void> logout = client.send(
				request(a + "/wx/logout", token).POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.discarding());
		long loggedOut = System.nanoTime();
		if (logout.statusCode() != 204) {
			return null;
		}
		while (System.nanoTime() - loggedOut < GIVE_UP_NANOS) {
			int status = status(client, b, token);
			if (status == 401) {
				return (System.nanoTime() - loggedOut) / 1e6;
			}
			if (status != 200) {
				return null;
			}
			Thread.sleep(pollMs);
		}
		return null;
	}

	private static int status(HttpClient client, String base, String token) throws Exception {
		return client.send(request(base + "/api/hello", token).GET().build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private static HttpRequest.Builder request(String uri, String bearer) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return request;
	}

	/** Nearest-rank percentile; NaN for no samples. */
	private static double percentile(List<Double> sorted, int p) {
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(p / 100.0 * sorted.size());
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
	}

}
