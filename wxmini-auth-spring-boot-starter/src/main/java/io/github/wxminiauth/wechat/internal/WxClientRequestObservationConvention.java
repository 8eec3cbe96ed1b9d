package io.github.wxminiauth.wechat.internal;

import io.micrometer.common.KeyValue;

import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.observation.ClientHttpObservationDocumentation.LowCardinalityKeyNames;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;

/**
 * The default client observation convention, minus the query string. WeChat wants the AppSecret
 * and the access token in the query string, and the high-cardinality {@code http.url} value ends
 * up in traces. The client passes ready-made URIs rather than templates, so the low-cardinality
 * {@code uri} tag is the request's path ({@code /sns/jscode2session}): one value per WeChat API.
 */
final class WxClientRequestObservationConvention extends DefaultClientRequestObservationConvention {

	@Override
	protected KeyValue uri(ClientRequestObservationContext context) {
		ClientHttpRequest request = context.getCarrier();
		if (context.getUriTemplate() == null && request != null && request.getURI().getRawPath() != null) {
			return KeyValue.of(LowCardinalityKeyNames.URI, request.getURI().getRawPath());
		}
		return withoutQuery(super.uri(context));
	}

	@Override
	protected KeyValue requestUri(ClientRequestObservationContext context) {
		return withoutQuery(super.requestUri(context));
	}

	private static KeyValue withoutQuery(KeyValue keyValue) {
		String value = keyValue.getValue();
		int query = value.indexOf('?');
		return (query < 0) ? keyValue : KeyValue.of(keyValue.getKey(), value.substring(0, query));
	}

}
