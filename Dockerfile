# The coordreg app (Streamlit) in a container. docker-compose.yml runs it against Neo4j 5;
# alone (`docker run -p 8501:8501 IMAGE`) it uses the embedded store inside the container.
FROM python:3.11-slim

# FalkorDB's module (the embedded store) links OpenMP and the C++ runtime; slim images lack them.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 libstdc++6 \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY . .
# A regular (not editable) install: the seed registry and the named queries ship as package data.
RUN pip install . && rm -rf /src

RUN useradd --create-home --uid 10001 coordreg
USER coordreg
WORKDIR /home/coordreg

# The embedded store's data directory (unused when COORDREG_GRAPH is a Neo4j URL).
ENV COORDREG_HOME=/home/coordreg/data \
    STREAMLIT_SERVER_ADDRESS=0.0.0.0

EXPOSE 8501
# Inside the container it must listen on every interface for the published port to reach it; the
# host publishes it on 127.0.0.1 (docker-compose.yml). Served so, visitors read; writing needs a login.
CMD ["coordreg", "app", "--host", "0.0.0.0", "--port", "8501", "--headless"]
