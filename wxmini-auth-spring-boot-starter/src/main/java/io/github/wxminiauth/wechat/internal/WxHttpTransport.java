package io.github.wxminiauth.wechat.internal;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.core5.util.TimeValue;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The HTTP side of the client: one pooled keep-alive Apache HttpClient 5 behind a
 * {@link RestClient}. Redirects are not followed; a pooled connection that WeChat closed while
 * idle is usually detected before reuse, and the one closed in the meantime is resent once for
 * calls that only read state ({@link StaleConnectionRetryStrategy}); observations never carry the
 * query string ({@link WxClientRequestObservationConvention}).
 */
final class WxHttpTransport implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(WxHttpTransport.class);

	private final HttpComponentsClientHttpRequestFactory requestFactory;

	private final RestClient restClient;

	/**
	 * Creates the pool and the client.
	 * @param connectTimeout the timeout for opening a connection
	 * @param readTimeout the timeout of each read
	 * @param maxConnections the pool size, in total and per route
	 * @param sslBundle the trust material, or {@code null} for the JVM's defaults
	 * @param restClientBuilder a builder to start from (cloned), or {@code null} for a plain one
	 */
	WxHttpTransport(Duration connectTimeout, Duration readTimeout, int maxConnections, @Nullable SslBundle sslBundle,
			RestClient.@Nullable Builder restClientBuilder) {
		this.requestFactory = createRequestFactory(connectTimeout, readTimeout, maxConnections, sslBundle);
		RestClient.Builder builder = (restClientBuilder != null) ? restClientBuilder.clone() : RestClient.builder();
		this.restClient = builder.requestFactory(this.requestFactory)
			.observationConvention(new WxClientRequestObservationConvention())
			.build();
	}

	private static HttpComponentsClientHttpRequestFactory createRequestFactory(Duration connectTimeout,
			Duration readTimeout, int maxConnections, @Nullable SslBundle sslBundle) {
		HttpClientSettings settings = HttpClientSettings.defaults()
			.withTimeouts(connectTimeout, readTimeout)
			.withRedirects(HttpRedirects.DONT_FOLLOW);
		if (sslBundle != null) {
			settings = settings.withSslBundle(sslBundle);
		}
		return ClientHttpRequestFactoryBuilder.httpComponents()
			.withConnectionManagerCustomizer(
					(manager) -> manager.setMaxConnTotal(maxConnections).setMaxConnPerRoute(maxConnections))
			.withConnectionConfigCustomizer((config) -> config.setValidateAfterInactivity(TimeValue.ofSeconds(1)))
			.withHttpClientCustomizer((client) -> client.setRetryStrategy(new StaleConnectionRetryStrategy()))
			.build(settings);
	}

	RestClient restClient() {
		return this.restClient;
	}

	/**
	 * Releases the pooled connections.
	 */
	@Override
	public void close() {
		try {
			this.requestFactory.destroy();
		}
		catch (Exception ex) {
			logger.debug("Failed to close the WeChat HTTP client", ex);
		}
	}

}
