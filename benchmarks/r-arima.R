# r-arima.R - R's forecast::auto.arima() on the M3 quarterly data (horizon 8), the peer for
# bench-arima.c: prints sMAPE (0-200), MASE (in-sample seasonal naive scale, m = 4) and the wall
# time in the same line format. usage: Rscript r-arima.R TRAIN.csv TEST.csv [PER_SERIES.csv] [LIMIT]
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
train <- read.csv(args[1], stringsAsFactors = FALSE)
test <- read.csv(args[2], stringsAsFactors = FALSE)
ids <- unique(train$series)
if (length(args) >= 4) ids <- head(ids, as.integer(args[4]))
h <- 8; m <- 4
smape <- mase <- numeric(length(ids)); desc <- character(length(ids))
f1 <- f8 <- aicc <- numeric(length(ids))
p0 <- proc.time(); t0 <- p0[["elapsed"]]
for (i in seq_along(ids)) {
  y <- train$value[train$series == ids[i]]
  yt <- test$value[test$series == ids[i]][1:h]
  fit <- auto.arima(ts(y, frequency = m))
  fc <- forecast(fit, h = h)$mean
  smape[i] <- mean(200 * abs(yt - fc) / (abs(yt) + abs(fc)))
  mase[i] <- mean(abs(yt - fc)) / mean(abs(diff(y, lag = m)))
  desc[i] <- forecast:::arima.string(fit, padding = FALSE); aicc[i] <- fit$aicc
  f1[i] <- fc[1]; f8[i] <- fc[h]
}
p1 <- proc.time(); t1 <- p1[["elapsed"]]
if (length(args) >= 3 && nzchar(args[3]))
  write.csv(data.frame(series = ids, model = desc, aicc = aicc, smape = smape, mase = mase,
                       f1 = f1, f8 = f8), args[3], row.names = FALSE, quote = FALSE)
cat(sprintf("model=r-auto.arima series=%d failed=0 smape=%.4f mase=%.5f seconds=%.3f cpu=%.3f\n",
            length(ids), mean(smape), mean(mase), t1 - t0,
            p1[["user.self"]] + p1[["sys.self"]] - p0[["user.self"]] - p0[["sys.self"]]))
cat(sprintf("# R %s, forecast %s\n", getRversion(), packageVersion("forecast")))
