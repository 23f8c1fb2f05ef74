# bench-m3.R - the peer half of the M3 quarterly benchmark: R's forecast package (ets(),
# auto.arima(), thetaf() and their mean) on the same 756 series and horizon 8, timed per model.
# usage: Rscript bench-m3.R TRAIN.csv TEST.csv [MODELS] [PER_SERIES_OUT.csv]
# Prints lines "R-<model> sMAPE MASE seconds series cpu" like bench-m3 (sMAPE 0-200, MASE m = 4;
# seconds = wall time, cpu = user + system time of the R process for that model).
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
train <- read.csv(args[1], stringsAsFactors = FALSE)
test <- read.csv(args[2], stringsAsFactors = FALSE)
models <- if (length(args) >= 3) strsplit(args[3], ",")[[1]] else c("ets", "arima", "theta")
per_series <- if (length(args) >= 4) args[4] else NA
ids <- unique(train$series)
series <- lapply(ids, function(id) {
  tr <- train[train$series == id, ]
  first <- tr$period[1]
  start <- c(as.integer(substr(first, 1, 4)), as.integer(substr(first, 6, 6)))
  list(id = id, y = ts(tr$value, start = start, frequency = 4),
       out = test$value[test$series == id])
})
h <- 8
score <- function(y, out, f) {
  scale <- mean(abs(diff(as.numeric(y), lag = 4)))
  c(smape = mean(200 * abs(out - f) / (abs(out) + abs(f))), mase = mean(abs(out - f)) / scale)
}
fc <- list()
run <- function(name, fn) {
  t0 <- proc.time()
  f <- lapply(series, function(s) as.numeric(fn(s$y)))
  d <- proc.time() - t0
  fc[[name]] <<- f
  report(name, f, d[["elapsed"]], d[["user.self"]] + d[["sys.self"]])
}
rows <- list()
report <- function(name, f, secs, cpu = NA) {
  sc <- t(sapply(seq_along(series), function(i) score(series[[i]]$y, series[[i]]$out, f[[i]])))
  cat(sprintf("R-%-6s %8.3f %8.3f %9.3f %7d %9.3f\n", name, mean(sc[, 1]), mean(sc[, 2]), secs,
              length(series), cpu))
  rows[[name]] <<- data.frame(model = paste0("R-", name), series = ids, smape = sc[, 1],
                              mase = sc[, 2])
}
for (m in models) {
  if (m == "ets") run("ets", function(y) forecast(ets(y), h = h)$mean)
  if (m == "arima") run("arima", function(y) forecast(auto.arima(y), h = h)$mean)
  if (m == "theta") run("theta", function(y) thetaf(y, h = h)$mean)
}
if (all(c("ets", "arima", "theta") %in% names(fc))) {
  f <- lapply(seq_along(series), function(i) (fc$ets[[i]] + fc$arima[[i]] + fc$theta[[i]]) / 3)
  report("comb", f, NA)
}
if (!is.na(per_series)) write.csv(do.call(rbind, rows), per_series, row.names = FALSE)
