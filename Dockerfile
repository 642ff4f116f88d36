# The explorer as one container; run several behind deploy/haproxy.cfg for a large class.
#   docker build -t logistic-explorer . && docker run -p 8501:8501 logistic-explorer
FROM python:3.11-slim

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY app.py ./
COPY pages ./pages
COPY ui ./ui
COPY logreg_core ./logreg_core
COPY .streamlit ./.streamlit

EXPOSE 8501
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health')"
CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501", "--server.headless=true", \
     "--server.fileWatcherType=none", "--browser.gatherUsageStats=false"]
