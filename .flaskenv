FLASK_APP=webapp:create_app
