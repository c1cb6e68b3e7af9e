package dev.seam.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CallSiteTest {

  @Test
  void seamAndProxyFramesAreSkippedUserFramesAreKept() {
    assertThat(CallSite.isLibraryFrame("dev.seam.internal.SeamImpl")).isTrue();
    assertThat(CallSite.isLibraryFrame("dev.seam.jdbc.internal.TrackingConnection")).isTrue();
    assertThat(CallSite.isLibraryFrame("dev.seam.Seam")).isTrue();
    assertThat(CallSite.isLibraryFrame("dev.seam.jdbc.AsyncJdbc")).isTrue();
    assertThat(CallSite.isLibraryFrame("jdk.proxy2.$Proxy12")).isTrue();
    assertThat(CallSite.isLibraryFrame("java.lang.reflect.Method")).isTrue();
    assertThat(CallSite.isLibraryFrame("com.example.OrderController")).isFalse();
    assertThat(CallSite.isLibraryFrame("dev.seamless.Thing")).isFalse();
    assertThat(CallSite.isLibraryFrame("dev.seam.examples.Demo")).isFalse();
  }

  @Test
  void springProxyFramesBeforeTheCallerAreSkippedTheSameClassesDeeperDownAreKept() {
    StackTraceElement[] recorded = {
      frame("dev.seam.internal.SeamImpl", "submit"),
      frame("dev.seam.spring.boot.internal.SeamAsyncInterceptor", "invoke"),
      frame("org.springframework.aop.framework.ReflectiveMethodInvocation", "proceed"),
      frame(
          "org.springframework.aop.framework.CglibAopProxy$DynamicAdvisedInterceptor", "intercept"),
      frame("com.acme.Orders$$SpringCGLIB$$0", "load"),
      frame("com.acme.OrderController", "show"),
      frame("org.springframework.aop.framework.ReflectiveMethodInvocation", "proceed"),
      frame("com.acme.OrderController$$SpringCGLIB$$0", "show"),
    };

    StackTraceElement[] frames = CallSite.fromCaller(recorded);

    assertThat(frames).containsExactly(Arrays.copyOfRange(recorded, 5, recorded.length));
    assertThat(
            CallSite.isLibraryFrame("org.springframework.aop.framework.ReflectiveMethodInvocation"))
        .as("a worker's stack keeps them: they lead into the user's method")
        .isFalse();
    assertThat(CallSite.isProxyDispatch("org.springframework.web.servlet.DispatcherServlet"))
        .isFalse();
  }

  @Test
  void aSpringInterfaceProxyBeforeTheCallerIsSkippedToo() {
    StackTraceElement[] recorded = {
      frame("dev.seam.spring.boot.internal.SeamAsyncInterceptor", "invoke"),
      frame("org.springframework.aop.framework.ReflectiveMethodInvocation", "proceed"),
      frame("org.springframework.aop.framework.JdkDynamicAopProxy", "invoke"),
      frame("jdk.proxy2.$Proxy42", "load"),
      frame("com.acme.OrderController", "show"),
    };

    assertThat(CallSite.fromCaller(recorded)).containsExactly(recorded[4]);
  }

  private static StackTraceElement frame(String className, String method) {
    return new StackTraceElement(className, method, null, -1);
  }

  @Test
  void captureStartsAtTheCaller() {
    StackTraceElement[] frames = CallSite.capture().frames();
    // This test lives in dev.seam.internal, so its own frame is skipped as Seam's; the first kept
    // frame is JUnit's reflective caller or the test engine, never a dev.seam frame.
    assertThat(frames).isNotEmpty();
    assertThat(frames[0].getClassName()).doesNotStartWith("dev.seam.");
    assertThat(frames.length).isLessThanOrEqualTo(64);
  }

  @Test
  void durationsReadWell() {
    assertThat(Durations.formatNanos(2_000_000_000L)).isEqualTo("2000 ms");
    assertThat(Durations.formatNanos(3_400_000L)).isEqualTo("3.4 ms");
    assertThat(Durations.formatNanos(50_000L)).isEqualTo("<0.1 ms");
  }
}
