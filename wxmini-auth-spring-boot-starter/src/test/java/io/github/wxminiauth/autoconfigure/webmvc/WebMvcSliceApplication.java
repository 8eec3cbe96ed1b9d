package io.github.wxminiauth.autoconfigure.webmvc;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application a {@code @WebMvcTest} in this package finds.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class WebMvcSliceApplication {

}
