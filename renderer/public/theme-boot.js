// Runs before the page paints (a classic script in <head>; the CSP allows only 'self' scripts):
// applies the saved theme override at once, so a dark choice never flashes white at start.
try {
  var theme = window.localStorage.getItem('xgw-theme')
  if (theme === 'light' || theme === 'dark') document.documentElement.setAttribute('data-theme', theme)
} catch (e) {
  // Storage may be disabled; the system theme then applies, as it would anyway.
}
