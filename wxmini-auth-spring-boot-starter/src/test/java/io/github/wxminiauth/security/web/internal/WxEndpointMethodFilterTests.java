package io.github.wxminiauth.security.web.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import static org.assertj.core.api.Assertions.assertThat;

class WxEndpointMethodFilterTests {

	private final WxProblemWriter writer = new WxProblemWriter(JsonMapper.shared());

	private final WxEndpointMethodFilter filter;

	WxEndpointMethodFilterTests() {
		Map<RequestMatcher, Set<String>> endpoints = new LinkedHashMap<>();
		endpoints.put(PathPatternRequestMatcher.pathPattern("/wx/login"), Set.of("POST"));
		endpoints.put(PathPatternRequestMatcher.pathPattern("/wx/sessions"), Set.of("GET", "DELETE"));
		this.filter = new WxEndpointMethodFilter(endpoints, this.writer);
	}

	@Test
	void aMethodTheEndpointDoesNotTakeIs405WithAllowAndGoesNoFurther() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(new MockHttpServletRequest("GET", "/wx/login"), response, chain);
		assertThat(response.getStatus()).isEqualTo(405);
		assertThat(response.getHeader("Allow")).isEqualTo("POST");
		assertThat(response.getContentAsString()).contains("\"error\":\"method_not_allowed\"");
		assertThat(chain.getRequest()).as("the chain went no further").isNull();
	}

	@Test
	void allowListsEveryMethodOfTheEndpoint() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(new MockHttpServletRequest("PUT", "/wx/sessions"), response, new MockFilterChain());
		assertThat(response.getStatus()).isEqualTo(405);
		assertThat(response.getHeader("Allow").split(",")).containsExactlyInAnyOrder("GET", "DELETE");
	}

	@Test
	void theMethodsTheEndpointTakesOptionsAndOtherPathsPassOn() throws Exception {
		for (MockHttpServletRequest request : new MockHttpServletRequest[] {
				new MockHttpServletRequest("POST", "/wx/login"), new MockHttpServletRequest("OPTIONS", "/wx/login"),
				new MockHttpServletRequest("DELETE", "/wx/sessions"), new MockHttpServletRequest("GET", "/api/me") }) {
			MockHttpServletResponse response = new MockHttpServletResponse();
			MockFilterChain chain = new MockFilterChain();
			this.filter.doFilter(request, response, chain);
			assertThat(chain.getRequest()).as("%s %s", request.getMethod(), request.getRequestURI()).isSameAs(request);
			assertThat(response.getStatus()).isEqualTo(200);
		}
	}

	@Test
	void theErrorPathFilterAnswersOnlyTheErrorPage() throws Exception {
		WxErrorPathFilter errorPath = new WxErrorPathFilter(PathPatternRequestMatcher.pathPattern("/error"),
				this.writer);
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		errorPath.doFilter(new MockHttpServletRequest("GET", "/error"), response, chain);
		assertThat(response.getStatus()).isEqualTo(404);
		assertThat(response.getContentAsString()).contains("\"error\":\"not_found\"");
		assertThat(chain.getRequest()).isNull();

		MockHttpServletRequest other = new MockHttpServletRequest("GET", "/errors-of-mine");
		MockFilterChain passed = new MockFilterChain();
		errorPath.doFilter(other, new MockHttpServletResponse(), passed);
		assertThat(passed.getRequest()).isSameAs(other);
	}

}
