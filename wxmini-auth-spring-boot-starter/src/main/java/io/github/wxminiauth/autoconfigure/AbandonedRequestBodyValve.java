package io.github.wxminiauth.autoconfigure;

import java.io.IOException;

import io.github.wxminiauth.security.web.WxRequestLimits;
import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Tells Tomcat not to read the rest of a body that an endpoint of the starter gave up on (too
 * large, or not sent in time), so that the connection is closed once the answer is sent. Tomcat
 * otherwise drains up to {@code server.tomcat.max-swallow-size} (2 MB) of it on the request thread
 * after the answer, and a client trickling its body would hold that thread for as long as it
 * likes.
 */
final class AbandonedRequestBodyValve extends ValveBase {

	AbandonedRequestBodyValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		try {
			getNext().invoke(request, response);
		}
		finally {
			if (request.getAttribute(WxRequestLimits.BODY_ABANDONED_ATTRIBUTE) != null) {
				// What Tomcat does itself for an upload it refused: no draining, close when done.
				request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
			}
		}
	}

}
