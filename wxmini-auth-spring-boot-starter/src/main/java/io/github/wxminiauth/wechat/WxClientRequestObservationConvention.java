package io.github.wxminiauth.wechat;

import io.micrometer.common.KeyValue;

import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;

/**
 * The default client observation convention, minus the query string of the request URL. WeChat
 * wants the AppSecret and the access token in the query string, and the high-cardinality
 * {@code http.url} value ends up in traces.
 */
final class WxClientRequestObservationConvention extends DefaultClientRequestObservationConvention {

	@Override
	protected KeyValue requestUri(ClientRequestObservationContext context) {
		KeyValue requestUri = super.requestUri(context);
		String value = requestUri.getValue();
		int query = value.indexOf('?');
		return (query < 0) ? requestUri : KeyValue.of(requestUri.getKey(), value.substring(0, query));
	}

}
