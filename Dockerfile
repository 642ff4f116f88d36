# The explorer as one container; run several behind deploy/haproxy.cfg for a large class.
#   docker build -t logistic-explorer . && docker run -p 8501:8501 logistic-explorer
# Pinned by version tag: the Python the tests run on, on Debian 12, so a rebuild gets the same interpreter.
FROM python:3.11.7-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# The app runs as a user without a login or a home of its own, never as root.
RUN groupadd --system explorer && useradd --system --gid explorer --no-create-home --shell /usr/sbin/nologin explorer

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

# Root owns the code; the app's user can read it but not change it.
COPY app.py ./
COPY pages ./pages
COPY ui ./ui
COPY logreg_core ./logreg_core
COPY .streamlit ./.streamlit

USER explorer
# Streamlit writes nothing it needs to keep; HOME for the few files it may try to write
ENV HOME=/tmp

EXPOSE 8501
# Every 30 s, answered within 5 s; unhealthy after 3 misses; 20 s to start
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]
CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501", "--server.headless=true", \
     "--server.fileWatcherType=none", "--browser.gatherUsageStats=false"]
